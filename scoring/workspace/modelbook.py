"""The workspace's model register of a year, read as the file reader's register, and the round
facts it sets.

:func:`year_register` turns a year's registered models (:class:`~scoring.workspace.models.RegisteredModel`,
each with the latest status of its history) into the same :class:`~scoring.models_dvk.model.Register`
:func:`scoring.models_dvk.register.read_register` gives for the same models in a file — late
registrations marked and warned the same way — so the roll-up, the rewards' individuals and every
report that takes a register take the workspace's unchanged.

A round takes the register only when the office says so (``dvk mo-hinh so dot MA_ĐỢT``,
:attr:`Round.uses_model_register`), never because models happen to be registered for its year:
the register replaces what units typed in the ruleset's ``model_inputs``, and a round's scores
do not change under the office's feet.  Then :func:`models_facts` (a provider of
:mod:`scoring.workspace.factsources`) sets those inputs with the roll-up's own values
(:func:`scoring.models_dvk.rollup.unit_facts`), and the publication proposes individuals from it.
"""

from __future__ import annotations

from typing import Any

from scoring.core.findings import Location, make
from scoring.models_dvk.model import Model, Register
from scoring.workspace.roundfacts import RoundFact


def register_name(year: int) -> str:
    """Where a workspace model "is", as its findings say: "sổ đăng ký mô hình năm 2026"."""
    return f"sổ đăng ký mô hình năm {year}"


def latest_statuses(models: Any, as_of: Any = None) -> dict[int, Any]:
    """Model id → its latest :class:`ModelStatusChange` (one query for all of ``models``; with the
    date ``as_of``, the latest dated by then)."""
    from scoring.workspace.models import ModelStatusChange

    latest: dict[int, Any] = {}
    changes = ModelStatusChange.objects.filter(model__in=models)
    if as_of is not None:
        changes = changes.filter(on__lte=as_of)
    for change in changes.order_by("model_id", "id"):
        latest[change.model_id] = change
    return latest


def year_deadline(year: int) -> Any:
    """The year's registration deadline (a date), None when the office set none."""
    from scoring.workspace.models import ModelYear

    found = ModelYear.objects.filter(year=year).first()
    return found.deadline if found else None


def is_late(registered_on, deadline) -> bool:
    """Registered after the year's deadline (none set: never late), as the file reader says it."""
    return bool(deadline and registered_on > deadline)


def year_register(year: int, unit: Any = None, as_of: Any = None) -> Register:
    """The workspace's register of ``year`` (of one :class:`Unit` when given) as a
    :class:`Register`, in registration order; empty when nothing is registered.  With the date
    ``as_of``: the models registered by then, each in the status it had then (a 6-month report
    drafted in December counts what stood on 30 June)."""
    from scoring.workspace.models import RegisteredModel

    rows = RegisteredModel.objects.filter(year=year).select_related("unit", "replicates").order_by("id")
    if unit is not None:
        rows = rows.filter(unit=unit)
    if as_of is not None:
        rows = rows.filter(registered_on__lte=as_of)
    rows = list(rows)
    latest = latest_statuses(rows, as_of)
    deadline = year_deadline(year)
    models, findings = [], []
    for row in rows:
        where = Location(file=register_name(year), json_path=row.code)
        change = latest.get(row.id)
        models.append(Model(code=row.code, name=row.name, field=row.field, unit_code=row.unit.code,
                            unit_name=row.unit.name or row.unit.code, registered_on=row.registered_on,
                            period_from=row.period_from, period_to=row.period_to,
                            status=change.status if change else "dang_ky", individual=row.individual or None,
                            late=is_late(row.registered_on, deadline), where=where, target_group=row.target_group or None,
                            replicates=row.replicates.code if row.replicates_id else None))
        if is_late(row.registered_on, deadline):
            findings.append(make("model-late-registration", where, date=f"{row.registered_on:%d/%m/%Y}",
                                 deadline=f"{deadline:%d/%m/%Y}", days=(row.registered_on - deadline).days))
    return Register(tuple(models), tuple(findings), year=year, deadline=deadline)


def chosen_register(year: int, given: Register | None = None, as_of: Any = None) -> Register | None:
    """The register a year's document rests on: the one ``given`` (registration files, ``--mo-hinh``),
    else the workspace's own register of ``year`` (as it stood on ``as_of`` when given); None when
    neither holds a model."""
    if given is not None:
        return given
    kept = year_register(year, as_of=as_of)
    return kept if kept.models else None


def round_register(round_) -> Register | None:
    """The register a round takes (its year's), None when the office has not chosen it for the round."""
    return year_register(round_.year) if round_.uses_model_register else None


def models_facts(round_, entry_ids: list[int] | None = None) -> dict[int, tuple[RoundFact, ...]]:
    """Roster entry id → the facts the year's register sets in the round's ``model_inputs`` ({}
    when the round does not take the register or its ruleset declares none)."""
    from scoring.models_dvk.rollup import rollup, unit_facts, unit_of
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.rounds import ruleset_of

    if not round_.uses_model_register:
        return {}
    ruleset = ruleset_of(round_)
    if not ruleset.model_inputs:
        return {}
    rolled = rollup(year_register(round_.year))
    entries = RosterEntry.objects.filter(round=round_).select_related("unit")
    if entry_ids is not None:
        entries = entries.filter(id__in=entry_ids)
    return {entry.id: tuple(RoundFact(input_, value, evidence) for input_, (value, evidence)
                            in unit_facts(ruleset, unit_of(rolled, entry.unit.code)).items())
            for entry in entries}


def book_rows(year: int, unit: Any = None, units: set[int] | None = None) -> list[Any]:
    """The year's registered models (of one :class:`Unit` when given; of the unit ids ``units``
    only, when given: an office's reach, :func:`scoring.workspace.offices.office_units`) for a page: each with its
    ``history`` (status steps, oldest first) and ``status`` (the latest, else registered)."""
    from django.db.models import Prefetch

    from scoring.workspace.models import ModelStatusChange, RegisteredModel

    rows = (RegisteredModel.objects.filter(year=year).select_related("unit", "replicates__unit")
            .prefetch_related(Prefetch("statuses", queryset=ModelStatusChange.objects.order_by("id")))
            .order_by("unit__code", "id"))
    if unit is not None:
        rows = rows.filter(unit=unit)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    found = list(rows)
    deadline = year_deadline(year)
    for row in found:
        row.late = is_late(row.registered_on, deadline)
        row.history = list(row.statuses.all())
        row.status = row.history[-1].status if row.history else "dang_ky"
    return found


def unit_model(pk: int, unit: Any) -> Any:
    """The registered model ``pk`` when it is ``unit``'s (None otherwise: a unit sees only its own)."""
    from scoring.workspace.models import RegisteredModel

    found = RegisteredModel.objects.filter(pk=pk, unit=unit).first()
    if found is None:
        return None
    return next(row for row in book_rows(found.year, unit) if row.pk == found.pk)
