"""A unit's lateness in a round: the one rule, and keeping every counted submission true to it.

A counted submission is late when it was received after the unit's deadline — the office's
extension for that unit (``RosterEntry.extended_until``) or else the round's submission deadline —
unless the office waived the unit's lateness (``RosterEntry.waiver_reason``).  :func:`late_at` is
that rule; :func:`relate` applies it to the stored submissions (``Submission.late``, its
``collect-late`` finding and the totals the lateness fact changes) whenever what it depends on
changes: a deadline moved (:func:`set_deadline`), an extension or a
waiver granted or withdrawn (:func:`grant_extension`, :func:`waive_lateness`), files collected.
The score (the round's lateness fact, :func:`scoring.workspace.results.effective_submission`), the
status, the roll and the publication all read ``Submission.late``, so they agree.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.laterule import late_at
from scoring.workspace.stages import OPEN_STATES
from scoring.workspace.store import Workspace, actor, audit, chunks



@dataclass(frozen=True)
class LateChange:
    """A unit whose counted submission changed lateness: ``late`` is the new value."""

    code: str
    name: str
    late: bool
    received_at: dt.datetime
    file: str = ""


@dataclass(frozen=True)
class Allowance:
    """An office's extension (``until`` set) or waiver (``until`` None) for one unit, with its reason."""

    code: str
    name: str
    block: str
    until: dt.datetime | None
    reason: str
    received_at: dt.datetime | None = None  # of the unit's counted file (None: none)

    @property
    def label(self) -> str:
        """How status and the publication name it: "Gia hạn đến …" or "Miễn tính nộp muộn"."""
        from scoring.workspace.rounds import shown_deadline

        return f"Gia hạn đến {shown_deadline(self.until)}" if self.until else "Miễn tính nộp muộn"




def unit_due(entry: Any, round_due: dt.datetime | None) -> dt.datetime | None:
    """The unit's submission deadline: the later of its extension and the round's (a round's
    deadline moved past an extension takes the unit with it)."""
    own = entry.extended_until
    if own is None or round_due is None:
        return own or round_due
    return max(own, round_due)


def relate(round_, entry_ids: list[int] | None = None) -> list[LateChange]:
    """Make the counted submissions of the round (of ``entry_ids`` only, when given) follow
    :func:`late_at` now, inside the caller's transaction; the units whose lateness changed."""
    from scoring.workspace.models import RosterEntry, Submission
    from scoring.workspace.rounds import deadline

    due = deadline(round_)
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current", "unit").defer("current__data").order_by("unit__code"))
    if entry_ids is not None:  # in slices: SQLite caps the parameters of one query
        entries = [e for chunk in chunks(list(entry_ids)) for e in entries.filter(pk__in=chunk)]
    changes, restated = [], []
    for entry in entries:
        sub, mine = entry.current, unit_due(entry, due)
        late = late_at(sub.received_at, mine, bool(entry.waiver_reason))
        if late != sub.late or _late_findings(sub, late, mine) != sub.findings:
            if late != sub.late:
                changes.append(LateChange(entry.unit.code, entry.name, late, sub.received_at, sub.source_path))
            restated.append(_restate(round_, sub, late, mine))
    _store(Submission, restated)
    return changes


def _store(model, subs: list[Any]) -> None:
    """Write the restated fields of ``subs`` with one prepared statement run for every row:
    ``save()`` per row or ``bulk_update`` (whose CASE expressions Django builds row by row) take
    10 to 25 s for 5,000 files; this takes well under a second."""
    from django.db import connection

    if not subs:
        return
    fields = [model._meta.get_field(name) for name in ("late", "findings", "total", "percent", "band_label")]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    rows = [[f.get_db_prep_save(getattr(sub, f.attname), connection) for f in fields] + [sub.pk] for sub in subs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def allowed_entries(round_) -> set[int]:
    """The roster entries of the round with an extension or a waiver."""
    from scoring.workspace.models import RosterEntry

    return set(RosterEntry.objects.filter(_allowed(), round=round_).values_list("pk", flat=True))


def _allowed():
    from django.db.models import Q

    return Q(extended_until__isnull=False) | ~Q(waiver_reason="")


def _late_findings(sub, late: bool, due: dt.datetime | None) -> list[dict[str, Any]]:
    """The submission's stored findings with the lateness warning as ``late`` and ``due`` say."""
    from scoring.workspace.rounds import shown_deadline

    kept = [f for f in sub.findings if f.get("code") != "collect-late"]
    if late:
        where = Location(file=sub.source_path or sub.original_name)
        kept.append(make("collect-late", where, deadline=shown_deadline(due)).to_dict())
    return kept


def _restate(round_, sub, late: bool, due: dt.datetime | None):
    """The submission with this lateness (and, when the round has a lateness fact, the totals it
    changes), to be stored by the caller."""
    sub.findings = _late_findings(sub, late, due)
    if late != sub.late and round_.late_fact:
        from scoring.workspace.results import score_submission
        from scoring.workspace.rounds import ruleset_of

        sub.late = late
        final = score_submission(ruleset_of(round_), round_, sub).final
        sub.total, sub.percent, sub.band_label = final.total, final.percent, final.band_label
    sub.late = late
    return sub


def record_changes(round_, who: str, cause: str, changes: list[LateChange]) -> None:
    """The audit entry of what a change made late or on time (none when nothing changed)."""
    if changes:
        audit(round_, who, "late-recomputed", cause, after={
            "late": [c.code for c in changes if c.late], "on_time": [c.code for c in changes if not c.late]})


def grant_extension(ws: Workspace, round_code: str | None, unit: str, text: str | None, reason: str,
                    withdraw: bool = False, who: str | None = None) -> tuple[Any, list[LateChange]]:
    """``dvk round extend``: the unit's own deadline ``text`` (or, ``withdraw``, no extension any
    more), with a required reason and its audit entry; the entry and the units whose lateness changed."""
    from scoring.workspace.rounds import deadline, parse_deadline, shown_deadline

    if bool((text or "").strip()) == withdraw:  # exactly one: a new deadline, or withdrawing one
        raise DvkError([make("late-extension-which", Location(), unit=unit)])
    until = None if withdraw else parse_deadline(text or "")
    what = "bỏ gia hạn" if withdraw else "gia hạn"
    with _entry_locked(round_code, unit, reason, what, who) as (round_, entry, who):
        due = deadline(round_)
        if until is not None and due is not None and until <= due:
            raise DvkError([make("late-extension-early", Location(), until=shown_deadline(until),
                                 due=shown_deadline(due))])
        before = _allowance_data(entry)
        entry.extended_until, entry.extension_reason = until, reason.strip() if until else ""
        entry.save(update_fields=["extended_until", "extension_reason"])
        audit(round_, who, "late-extended", entry.unit.code, before=before,
              after={**_allowance_data(entry), "reason": reason.strip()})
        changes = relate(round_, [entry.pk])
        record_changes(round_, who, entry.unit.code, changes)
    return entry, changes


def waive_lateness(ws: Workspace, round_code: str | None, unit: str, reason: str, withdraw: bool = False,
                   who: str | None = None) -> tuple[Any, list[LateChange]]:
    """``dvk round waive``: waive (or, ``withdraw``, stop waiving) the unit's lateness, with a
    required reason and its audit entry; the entry and the units whose lateness changed."""
    what = "bỏ miễn tính nộp muộn" if withdraw else "miễn tính nộp muộn"
    with _entry_locked(round_code, unit, reason, what, who) as (round_, entry, who):
        before = _allowance_data(entry)
        entry.waiver_reason = "" if withdraw else reason.strip()
        entry.save(update_fields=["waiver_reason"])
        audit(round_, who, "late-waived", entry.unit.code, before=before,
              after={**_allowance_data(entry), "reason": reason.strip()})
        changes = relate(round_, [entry.pk])
        record_changes(round_, who, entry.unit.code, changes)
    return entry, changes


@contextmanager
def _entry_locked(round_code: str | None, unit: str, reason: str, what: str,
                  who: str | None) -> Iterator[tuple[Any, Any, str]]:
    """In one transaction: the round (locked for the change), the unit's roster entry and the
    actor, after the checks every allowance shares: a reason given, a round whose results can
    still change, a unit on its roster."""
    from django.db import transaction

    from scoring.core.unitcode import unit_key
    from scoring.workspace.models import RosterEntry, Round
    from scoring.workspace.rounds import find_round, require_state

    if not (reason or "").strip():
        raise DvkError([make("late-reason-missing", Location(), what=what, unit=unit)])
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=find_round(round_code).pk)
        require_state(round_, OPEN_STATES, what)
        entry = RosterEntry.objects.select_related("unit").filter(round=round_, unit__code_key=unit_key(unit)).first()
        if entry is None:
            raise DvkError([make("late-unit-unknown", Location(), unit=unit, round=round_.code)])
        yield round_, entry, who or actor()


def _allowance_data(entry) -> dict[str, Any]:
    from scoring.workspace.rounds import stored_time

    until = stored_time(entry.extended_until) if entry.extended_until else None
    return {"extended_until": until, "waived": bool(entry.waiver_reason)}


def allowances(round_, names: dict[str, str]) -> list[Allowance]:
    """The round's extensions and waivers, by block and unit code (``names``: block id → name)."""
    from scoring.workspace.models import RosterEntry

    rows = (RosterEntry.objects.filter(_allowed(), round=round_)
            .order_by("block", "unit__code")
            .values_list("unit__code", "name", "block", "extended_until", "extension_reason", "waiver_reason",
                         "current__received_at"))
    found = []
    for code, name, block, until, why_extended, why_waived, received in rows:
        block_name = names.get(block, block or "Không thuộc khối")
        if until is not None:
            found.append(Allowance(code, name, block_name, until, why_extended, received))
        if why_waived:
            found.append(Allowance(code, name, block_name, None, why_waived, received))
    return found


def set_deadline(ws: Workspace, round_code: str | None, kind: str, text: str,
                 who: str | None = None) -> tuple[dt.datetime, list]:
    """Set or move a deadline of the round (extensions are common), with its audit entry; the
    deadline and, for the submission deadline, the units whose counted file it makes late or on
    time (:class:`LateChange`: a deadline moved before files already
    collected makes them late)."""
    from django.db import transaction

    from scoring.workspace.models import Deadline
    from scoring.workspace.rounds import find_round, parse_deadline, require_state, stored_time

    who = who or actor()
    due = parse_deadline(text)
    with transaction.atomic():
        round_ = find_round(round_code)
        require_state(round_, ("open", "closed", "appraisal", "explanations"), "đổi hạn")
        if kind != "submission":  # the council's and the units' answers to it: none without appraisal
            from scoring.workspace.stages import require_appraisal

            require_appraisal(round_, "đặt hạn thẩm định hay hạn giải trình")
        old = Deadline.objects.filter(round=round_, kind=kind).first()
        Deadline.objects.update_or_create(round=round_, kind=kind, defaults={"due": due})
        audit(round_, who, "deadline-set", kind, before=stored_time(old.due) if old else None,
              after=stored_time(due))
        changes = relate(round_) if kind == "submission" else []
        record_changes(round_, who, kind, changes)
    return due, changes
