"""Writing the workspace's model register: the year's deadline, a unit's registration, the
office's status steps and replications, an import from registration files, and a round's choice
to take the register.  Every change has its audit entry; a refusal is a located finding.

A registration is checked as a file's row is (:func:`scoring.models_dvk.register.read_model`):
after the year's deadline it is kept and marked late (``model-late-registration``).  A status
moves only as :mod:`scoring.workspace.modelmoves` allows; the history is append-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.models_dvk.model import RECOGNISED, STATUSES
from scoring.workspace.modelbook import register_name, year_deadline
from scoring.workspace.rounds import VN
from scoring.workspace.store import Workspace, actor, audit, now

#: Round states in which the office may still choose whether the round takes the register.
_CHOOSING_STATES = ("open", "closed", "appraisal", "explanations")


@dataclass(frozen=True)
class Registration:
    """What a registration made: the stored model and its warnings (a late registration)."""

    model: Any
    findings: tuple[Finding, ...]


def today() -> dt.date:
    """Today in Vietnam (a registration's date when none is given)."""
    return now().astimezone(VN).date()


def set_deadline(ws: Workspace, year: int, deadline: dt.date, who: str | None = None, office: Any = None) -> Any:
    """The office sets ``year``'s registration deadline (models already registered keep their mark).
    The deadline is every office's in the workspace: an office with one above it (``office``, a
    portal account's) may not set it."""
    from django.db import transaction

    from scoring.workspace.models import ModelYear

    if office is not None and office.parent_id is not None:
        raise DvkError([make("modelbook-deadline-higher", Location(field="han"), office=office.name,
                             top=office.parent.name)])
    who = who or actor()
    with transaction.atomic():
        before = year_deadline(year)
        row, _ = ModelYear.objects.update_or_create(year=year, defaults={"deadline": deadline, "set_at": now(),
                                                                          "set_by": who})
        audit(None, who, "model-deadline", register_name(year), before=_day(before), after=_day(deadline))
    return row


def find_unit(code: str, units: set[int] | None = None) -> Any:
    """The workspace's unit of ``code`` (refused when there is none, or when it is not among the
    unit ids ``units`` an office reaches: its existence is not revealed)."""
    from scoring.core.unitcode import unit_key
    from scoring.workspace.models import Unit

    unit = Unit.objects.filter(code_key=unit_key(code or "")).first()
    if unit is None or (units is not None and unit.pk not in units):
        raise DvkError([make("modelbook-unknown-unit", Location(field="unit"), unit=code)])
    return unit


def find_model(year: int, code: str, units: set[int] | None = None) -> Any:
    """The registered model ``code`` of ``year`` (refused when there is none, or when its unit is not
    among the unit ids ``units`` an office reaches)."""
    from scoring.workspace.models import RegisteredModel

    found = RegisteredModel.objects.select_related("unit").filter(year=year, code=(code or "").strip()).first()
    if found is None or (units is not None and found.unit_id not in units):
        raise DvkError([make("modelbook-unknown-model", Location(field="code"), model=code, year=year)])
    return found


def register_model(ws: Workspace, year: int, unit: Any, values: dict[str, Any], channel: str = "cli",
                   who: str | None = None, replicates: Any = None) -> Registration:
    """Register a model of ``unit`` (a :class:`Unit`) for ``year``: ``values`` by column key (code,
    name, field, individual, registered_on — today when absent —, from, to) and ``target_group``.
    Refused with located findings when a value is wrong or the code is taken."""
    from django.db import IntegrityError, transaction

    from scoring.models_dvk.register import read_model
    from scoring.workspace.models import RegisteredModel

    who = who or actor()
    wanted = {**values, "unit_code": unit.code, "unit_name": unit.name or unit.code, "status": None}
    wanted["registered_on"] = wanted.get("registered_on") or today()
    model, findings = read_model(wanted, Location(file=register_name(year), json_path="$"), year_deadline(year))
    if model is None:
        raise DvkError(findings)
    _check_day(model.registered_on, "Ngày đăng ký", "registered_on")
    if model.registered_on.year != year:
        raise DvkError([make("modelbook-year-date", Location(file=register_name(year), json_path="$.registered_on"),
                             date=f"{model.registered_on:%d/%m/%Y}", year=year)])
    try:
        with transaction.atomic():
            _refuse_taken(year, model.code)
            row = RegisteredModel.objects.create(
                year=year, unit=unit, code=model.code, name=model.name, field=model.field,
                target_group=_text(values.get("target_group")), individual=model.individual or "",
                period_from=model.period_from, period_to=model.period_to, registered_on=model.registered_on,
                registered_at=now(), registered_by=who, channel=channel, replicates=replicates)
            row.late = model.late  # as the page and the command say it now (read again when read)
            audit(None, who, "model-registered", f"{register_name(year)} / {row.code}", after=model_data(row))
    except IntegrityError:  # registered by someone else between the check and the insert
        _refuse_taken(year, model.code)
        raise
    return Registration(row, tuple(findings))


def _refuse_taken(year: int, code: str) -> None:
    from scoring.workspace.models import RegisteredModel

    taken = RegisteredModel.objects.select_related("unit").filter(year=year, code=code).first()
    if taken is not None:
        raise DvkError([make("modelbook-duplicate-code", Location(file=register_name(year), json_path="$.code"), model=code, year=year,
                             unit=taken.unit.code)])


def record_status(ws: Workspace, year: int, code: str, status: str, on: dt.date | None = None,
                  decision: dict[str, Any] | None = None, note: str = "", who: str | None = None,
                  units: set[int] | None = None) -> Any:
    """The office records model ``code``'s next status on ``on`` (today when None) with the
    deciding document (``decision``: number, date, issuer; its number required for a recognition).
    Refused unless the move is in :data:`~scoring.workspace.modelmoves.MOVES` and the date follows
    the current status's, and unless the model's unit is among ``units`` (an office's own reach)."""
    from django.db import transaction

    from scoring.workspace.modelmoves import refused_move
    from scoring.workspace.models import ModelStatusChange, RegisteredModel

    who = who or actor()
    decision = decision or {}
    on = on or today()
    _check_day(on, "Ngày", "on")
    if status not in STATUSES:
        choices = "; ".join(f"{k} ({v})" for k, v in STATUSES.items())
        raise DvkError([make("model-bad-choice", Location(field="status"), label="Trạng thái", value=status,
                             choices=choices)])
    if status in RECOGNISED and not _text(decision.get("number")):
        raise DvkError([make("model-missing-value", Location(field="decision_number"),
                             label="số quyết định công nhận")])
    with transaction.atomic():
        model = RegisteredModel.objects.select_for_update().get(pk=find_model(year, code, units).pk)
        latest = model.statuses.order_by("-id").first()
        current = latest.status if latest else "dang_ky"
        refused = refused_move(model.code, current, status, Location(field="status"))
        if refused:
            raise DvkError([refused])
        since = latest.on if latest else model.registered_on
        if on < since:
            raise DvkError([make("modelbook-date-order", Location(field="on"), date=f"{on:%d/%m/%Y}",
                                 target=STATUSES[status], previous=f"{since:%d/%m/%Y}",
                                 status=STATUSES[current], model=model.code)])
        change = ModelStatusChange.objects.create(
            model=model, status=status, on=on, decision_number=_text(decision.get("number")),
            decision_date=decision.get("date"), decision_issuer=_text(decision.get("issuer")), note=_text(note),
            recorded_by=who, recorded_at=now())
        audit(None, who, "model-status", f"{register_name(year)} / {model.code}",
              before={"status": current}, after=status_data(change))
    return change


def replicate(ws: Workspace, year: int, original_code: str, unit: Any, code: str | None = None,
              registered_on: dt.date | None = None, channel: str = "cli", who: str | None = None) -> Registration:
    """``unit`` replicates (nhân rộng) model ``original_code`` of another unit: registered as the
    unit's own model (code ``MÃ-ĐƠN_VỊ`` unless given), with the original's name, field and target
    group and a link to it; its own status then moves through the year like any model's."""
    original = find_model(year, original_code)
    if original.unit_id == unit.id:
        raise DvkError([make("modelbook-replicate-own", Location(field="unit"), model=original.code,
                             unit=unit.code)])
    values = {"code": code or f"{original.code}-{unit.code}", "name": original.name, "field": original.field,
              "target_group": original.target_group, "registered_on": registered_on}
    return register_model(ws, year, unit, values, channel, who, replicates=original)


def import_register(ws: Workspace, year: int, paths: list[Path], who: str | None = None) -> list[Registration]:
    """Every model of the registration files at ``paths`` (read by the file reader) registered for
    ``year``, whole or not at all: refused when a row has an error, a unit is not in the workspace
    or a code is taken.  A status other than registered is recorded as one step noting the file,
    dated the day of the import (a file's status carries no date) — or, for an earlier year's
    register, that year's last day, so the year's own report counts it; the files' deadline
    becomes the year's when the office set none."""
    from django.db import transaction

    from scoring.models_dvk.register import read_register
    from scoring.workspace.models import ModelStatusChange

    who = who or actor()
    register_ = read_register(paths, year_deadline(year))
    problems = [f for f in register_.findings if f.is_error]
    if problems:
        raise DvkError(problems + [make("modelbook-import-invalid", Location(file=", ".join(map(str, paths))))])
    done: list[Registration] = []
    with transaction.atomic():
        if register_.deadline and year_deadline(year) is None:
            set_deadline(ws, year, register_.deadline, who)
        for model in register_.models:
            values = {"code": model.code, "name": model.name, "field": model.field, "individual": model.individual,
                      "registered_on": model.registered_on, "from": model.period_from, "to": model.period_to}
            try:
                registration = register_model(ws, year, find_unit(model.unit_code), values, "file", who)
            except DvkError as refused:
                raise DvkError([f.located(file=model.where.file, json_path=model.where.json_path,
                                          sheet=model.where.sheet, cell=model.where.cell)
                                for f in refused.findings]) from None
            if model.status != "dang_ky":
                ModelStatusChange.objects.create(model=registration.model, status=model.status,
                                                 on=min(today(), dt.date(year, 12, 31)),
                                                 note=f"Nhập từ tệp {model.where.file}", recorded_by=who,
                                                 recorded_at=now())
            done.append(registration)
    return done


def use_in_round(ws: Workspace, round_code: str | None, use: bool = True, who: str | None = None) -> Any:
    """The office chooses whether round ``round_code`` takes its year's model register (refused when
    its ruleset declares no ``model_inputs`` or its results are already final)."""
    from django.db import transaction

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import find_round, ruleset_of
    from scoring.workspace.stages import STATE_LABELS

    who = who or actor()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=find_round(round_code).pk)
        if use and not ruleset_of(round_).model_inputs:
            raise DvkError([make("modelbook-round-no-inputs", Location(), round=round_.code)])
        if round_.state not in _CHOOSING_STATES:
            raise DvkError([make("modelbook-round-state", Location(), round=round_.code,
                                 state=STATE_LABELS[round_.state])])
        before = round_.uses_model_register
        round_.uses_model_register = use
        round_.save(update_fields=["uses_model_register"])
        audit(round_, who, "round-model-register", round_.code, before={"uses_model_register": before},
              after={"uses_model_register": use})
    return round_


def model_data(row: Any) -> dict[str, Any]:
    """A registered model as its audit entry records it."""
    return {"year": row.year, "unit": row.unit.code, "code": row.code, "name": row.name, "field": row.field,
            "target_group": row.target_group, "individual": row.individual,
            "registered_on": _day(row.registered_on), "from": _day(row.period_from), "to": _day(row.period_to),
            "channel": row.channel, "late": row.late,
            "replicates": row.replicates.code if row.replicates_id else None}


def status_data(change: Any) -> dict[str, Any]:
    """A status step as its audit entry records it."""
    return {"status": change.status, "on": _day(change.on), "decision_number": change.decision_number,
            "decision_date": _day(change.decision_date), "decision_issuer": change.decision_issuer,
            "note": change.note}


def _check_day(day: dt.date, label: str, key: str) -> None:
    if day > today():
        raise DvkError([make("modelbook-future-date", Location(field=key), label=label, date=f"{day:%d/%m/%Y}")])


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None

