"""Creating a round, finding it again, its stored ruleset and its state machine.

States: open → closed → appraisal → explanations → final → published.  A round goes forward one
step at a time (``closed`` may be re-opened, ``explanations`` may go back to ``appraisal`` for the
second pass, ``appraisal`` may skip to ``final`` when nobody needs to explain); ``published`` is
reached only by publishing.  A round created without appraisal (``RoundSpec.has_appraisal``) goes
from ``closed`` to ``final`` (:mod:`scoring.workspace.stages`).
A published round is reopened for a correction (``correction``, đính chính) only with a reason
(:func:`scoring.workspace.correction.reopen_round`) and leaves it only by publishing again.  Every
change is one transaction with its audit entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace, actor, audit, now

if TYPE_CHECKING:  # finding a round or its deadline must not import the engine
    from scoring.rules.models import Ruleset


#: Vietnam keeps UTC+7 all year: a deadline typed as a date means the end of that day there.
VN = dt.timezone(dt.timedelta(hours=7), "UTC+07")


def shown_deadline(due: dt.datetime) -> str:
    """A deadline as the round's pages and messages write it, in Vietnam's time: 23:59 ngày 01/01/2020."""
    return due.astimezone(VN).strftime("%H:%M ngày %d/%m/%Y")


def shown_time(moment: dt.datetime, seconds: bool = False) -> str:
    """A moment (a file received) as the round's lists write it, in Vietnam's time: 01/01/2020 23:59
    (``seconds``: 01/01/2020 23:59:07, as the audit log orders its entries)."""
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class RoundSpec:
    """What ``dvk round new`` (or the portal's form) gives to create a round."""

    ruleset_path: Path
    year: int
    period: str = "nam"
    period_name: str = ""
    code: str | None = None
    name: str | None = None
    deadlines: dict[str, str] = field(default_factory=dict)  # kind -> "10/5/2026 [17:00]"
    roster_path: Path | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    late_fact: str | None = None
    previous: str | None = None
    has_appraisal: bool = True  # False: no council, closed → final (dvk round new --khong-tham-dinh)
    office: str | None = None  # the office's code (dvk round new --co-quan); None: the workspace's own


def parse_deadline(text: str) -> dt.datetime:
    """``10/5/2026``, ``10/05/2026 17:00`` or ``2026-05-10``: a date alone is the end of that day."""
    value = text.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?", value)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?", value)
    try:
        if match:
            day, month, year, hour, minute = match.groups()
        elif iso:
            year, month, day, hour, minute = iso.groups()
        else:
            raise ValueError(value)
        if hour is None:
            return dt.datetime(int(year), int(month), int(day), 23, 59, 59, tzinfo=VN)
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=VN)
    except ValueError:
        raise DvkError([make("round-bad-date", Location(), value=text)]) from None


def create_round(ws: Workspace, spec: RoundSpec, who: str | None = None):  # -> models.Round
    """Store the ruleset (verbatim), the round, its deadlines and roster, in one transaction."""
    from django.db import transaction

    from scoring.rules.fingerprint import fingerprint
    from scoring.rules.load import load_ruleset
    from scoring.workspace.models import Deadline, Round

    who = who or actor()
    ruleset = load_ruleset(spec.ruleset_path)
    code = spec.code or f"{spec.year}-{spec.period}"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", code):
        raise DvkError([make("round-bad-code", Location(), round=code)])
    _check_late_fact(ruleset, spec.late_fact)
    deadlines = {kind: parse_deadline(text) for kind, text in spec.deadlines.items() if text}
    if not spec.has_appraisal and set(deadlines) - {"submission"}:
        raise DvkError([make("round-no-appraisal", Location(), round=code, action="đặt hạn thẩm định hay hạn "
                             "giải trình", next=" Bỏ trống các hạn đó, hoặc tạo đợt có bước thẩm định.")])
    roster = None
    if spec.roster_path is not None:
        from scoring.workspace.roster import read_roster

        roster = read_roster(spec.roster_path, ruleset)
    previous = find_round(spec.previous) if spec.previous else None
    office = None
    if spec.office is not None:
        from scoring.workspace.office_lookup import office_by_code

        office = office_by_code(spec.office)
    with transaction.atomic():
        if Round.objects.filter(code=code).exists():
            raise DvkError([make("round-exists", Location(), round=code)])
        stored = store_ruleset(ruleset, Path(spec.ruleset_path).read_text(encoding="utf-8-sig"),
                               fingerprint(ruleset))
        name = spec.name or f"Đánh giá công tác dân vận {_period_label(spec)} {spec.year}"
        round_ = Round.objects.create(
            code=code, name=name, ruleset=stored, year=spec.year, period=spec.period,
            period_name=spec.period_name, late_fact=spec.late_fact or "", profile=spec.profile,
            previous=previous, has_appraisal=spec.has_appraisal, created_at=now(), created_by=who, office=office)
        for kind, due in deadlines.items():
            Deadline.objects.create(round=round_, kind=kind, due=due)
        audit(round_, who, "round-created", code, after={
            "name": name, "ruleset": f"{ruleset.id} {ruleset.version} ({stored.fingerprint})",
            "year": spec.year, "period": spec.period, "period_name": spec.period_name,
            "deadlines": {k: stored_time(v) for k, v in deadlines.items()}, "profile": spec.profile,
            "late_fact": spec.late_fact, "previous": spec.previous, "has_appraisal": spec.has_appraisal,
            **({"office": office.code} if office is not None else {})})
        if roster is not None:
            from scoring.workspace.rosterstore import store_roster

            store_roster(round_, roster, who, str(spec.roster_path))
    return round_


def profile_data(path: Path) -> dict[str, Any]:
    """The issuing profile file (:mod:`scoring.reports.profile`) as the round stores it."""
    from dataclasses import asdict

    from scoring.reports.profile import load_profile

    data = asdict(load_profile(path))
    return {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
            for k, v in data.items() if v not in (None, (), "")}


def _period_label(spec: RoundSpec) -> str:
    label = {"6-thang": "6 tháng", "nam": "năm", "dot-xuat": "đột xuất"}.get(spec.period, spec.period)
    return f"{label} ({spec.period_name})" if spec.period_name else label


def _check_late_fact(ruleset: Ruleset, fact: str | None) -> None:
    if not fact:
        return
    booleans = [f.id for f in ruleset.facts if f.kind == "boolean"]
    if fact not in booleans:
        raise DvkError([make("round-late-fact", Location(), fact=fact, known=", ".join(booleans) or "không có")])


def store_ruleset(ruleset: Ruleset, text: str, print_: str):  # -> models.RulesetVersion
    """The stored copy of a ruleset version, created on first use."""
    from scoring.workspace.models import RulesetVersion

    stored, _ = RulesetVersion.objects.get_or_create(
        ruleset_id=ruleset.id, version=ruleset.version, fingerprint=print_,
        defaults={"title": ruleset.title, "source_json": text, "stored_at": now()})
    return stored


_RULESETS: dict[int, Ruleset] = {}


def ruleset_of(round_) -> Ruleset:
    """The round's ruleset, parsed from the stored JSON (once per process and database: a process
    may open several workspaces, whose rows share primary keys)."""
    from django.db import connections

    from scoring.rules.load import parse_ruleset

    key = (connections[round_._state.db or "default"].settings_dict["NAME"], round_.ruleset_id)
    if key not in _RULESETS:
        stored = round_.ruleset
        data = json.loads(stored.source_json, parse_float=Decimal)
        ruleset, findings = parse_ruleset(data, f"{stored.ruleset_id} {stored.version}")
        if ruleset is None:
            raise DvkError(findings)
        _RULESETS[key] = ruleset
    return _RULESETS[key]


def block_names(round_) -> dict[str, str]:
    """Block id → name from the round's stored ruleset, without parsing it whole (``dvk round
    status`` needs only these; the names as the parsed ruleset has them, control characters out)."""
    from scoring.rules.types import printable

    blocks = json.loads(round_.ruleset.source_json).get("blocks") or []
    return {b["id"]: printable(b["name"]) for b in blocks}


def rounds_newest_first() -> list[Any]:
    """Every round of the workspace, the newest first."""
    from scoring.workspace.models import Round

    return list(Round.objects.order_by("-created_at", "-id"))


def round_by_code(code: str) -> Any | None:
    """The round ``code``, or None when there is none."""
    from scoring.workspace.models import Round

    return Round.objects.filter(code=code).first()


def current_entry(unit: Any) -> Any:
    """The unit's roster entry (``RosterEntry``) in its newest round, or None if on no roster."""
    from scoring.workspace.models import RosterEntry

    return (RosterEntry.objects.select_related("round").filter(unit=unit)
            .order_by("-round__created_at", "-round_id").first())


def find_round(code: str | None = None):  # -> models.Round
    """The round with ``code``; without a code, the workspace's only round (or the newest open one)."""
    from scoring.workspace.models import Round

    if code:
        found = round_by_code(code)
        if found is None:
            known = ", ".join(Round.objects.order_by("id").values_list("code", flat=True)) or "không có"
            raise DvkError([make("round-not-found", Location(), round=code, known=known)])
        return found
    rounds = list(Round.objects.order_by("-id")[:50])
    if not rounds:
        raise DvkError([make("round-none", Location())])
    if len(rounds) == 1:
        return rounds[0]
    active = [r for r in rounds if r.state != "published"]
    if len(active) == 1:
        return active[0]
    raise DvkError([make("round-ambiguous", Location(), known=", ".join(r.code for r in rounds))])


def move_round(round_code: str | None, target: str, who: str | None = None):  # -> models.Round
    """Change a round's state by one allowed step (:func:`scoring.workspace.stages.round_moves`:
    a round without appraisal goes from closed to final), with its audit entry."""
    from django.db import transaction

    from scoring.workspace.models import Round
    from scoring.workspace.stages import refused_move

    who = who or actor()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=find_round(round_code).pk)
        refused = refused_move(round_, target)
        if refused is not None:
            raise DvkError([refused])
        before = round_.state
        round_.state = target
        round_.save(update_fields=["state"])
        audit(round_, who, "state-changed", round_.code, before=before, after=target)
    return round_


def finalised_at(round_) -> dt.datetime | None:
    """When the round last moved to ``final`` (its results settled, :func:`move_round`'s audit
    entry); None when it never did."""
    from scoring.workspace.models import AuditEntry

    moves = AuditEntry.objects.filter(round=round_, action="state-changed").values_list("at", "after")
    return max((at for at, after in moves if after == "final"), default=None)


def require_state(round_, states: tuple[str, ...], action: str) -> None:
    """Refuse ``action`` unless the round is in one of ``states`` (the refusal says how to get
    there, if the round can: :func:`scoring.workspace.stages.refused_state`)."""
    from scoring.workspace.stages import refused_state

    refused = refused_state(round_, states, action)
    if refused is not None:
        raise DvkError([refused])


def deadline(round_, kind: str = "submission") -> dt.datetime | None:
    """The round's deadline of ``kind``, if it has one."""
    found = round_.deadlines.filter(kind=kind).first()
    return found.due if found else None


def stored_time(moment: dt.datetime) -> str:
    """A moment as the audit log stores it: ISO 8601 in Vietnam's time (one offset in every entry)."""
    return moment.astimezone(VN).isoformat()


def import_roster(ws: Workspace, round_code: str | None, path: Path, who: str | None = None) -> dict[str, int]:
    """``dvk round roster FILE``: add or update units of a round that is still open."""
    from django.db import transaction

    from scoring.workspace.roster import read_roster
    from scoring.workspace.rosterstore import store_roster

    who = who or actor()
    round_ = find_round(round_code)
    rows = read_roster(path, ruleset_of(round_))
    with transaction.atomic():
        require_state(round_, ("open", "closed"), "sửa danh sách đơn vị")
        return store_roster(round_, rows, who, str(path))
