"""Storing a roster in a round: units matched by code across rounds, entries added or updated."""

from __future__ import annotations

from typing import Any, Sequence

from scoring.core.unitcode import clean_code, unit_key
from scoring.workspace.roster import RosterRow
from scoring.workspace.store import audit, chunks


def store_roster(round_, rows: Sequence[RosterRow], who: str, source: str) -> dict[str, int]:
    """Add the roster's units to the round (inside the caller's transaction).

    A unit already on the round's roster gets the new name, type and block; units are never
    removed by an import (a unit that ceased to exist is removed explicitly).  Returns counts.
    """
    from scoring.workspace.models import RosterEntry

    keys = [unit_key(r.code) for r in rows]
    units = _units(rows, keys)
    entries = {e.unit_id: e for chunk in chunks([u.pk for u in units.values()])
               for e in RosterEntry.objects.filter(round=round_, unit_id__in=chunk)}
    new, changed = [], []
    for row, key in zip(rows, keys):
        unit = units[key]
        entry = entries.get(unit.pk)
        if entry is None:
            new.append(RosterEntry(round=round_, unit=unit, name=row.name, unit_type=row.unit_type,
                                   block=row.block))
        elif (entry.name, entry.unit_type, entry.block) != (row.name, row.unit_type, row.block):
            entry.name, entry.unit_type, entry.block = row.name, row.unit_type, row.block
            changed.append(entry)
    RosterEntry.objects.bulk_create(new, batch_size=500)
    RosterEntry.objects.bulk_update(changed, ["name", "unit_type", "block"], batch_size=500)
    counts = {"added": len(new), "updated": len(changed), "rows": len(rows)}
    audit(round_, who, "roster-imported", source, after={
        **counts, "units": [[r.code, r.name, r.unit_type, r.block] for r in rows]})
    return counts


def unit_for(code: str, name: str = "") -> Any:
    """The workspace's unit with this code (matched as ``dvk rank`` matches codes), created if
    it is not known yet."""
    from scoring.workspace.models import Unit

    unit, _ = Unit.objects.get_or_create(code_key=unit_key(code), defaults={"code": clean_code(code), "name": name})
    return unit


def roster_entries(round_) -> Any:
    """The round's roster entries with their units, by block and code."""
    return round_.roster.select_related("unit").order_by("block", "unit__code")


def _units(rows: Sequence[RosterRow], keys: list[str]) -> dict:
    from scoring.workspace.models import Unit

    found = {}
    for chunk in chunks(keys):
        found.update({u.code_key: u for u in Unit.objects.filter(code_key__in=chunk)})
    missing = [Unit(code=r.code, code_key=k, name=r.name) for r, k in zip(rows, keys) if k not in found]
    Unit.objects.bulk_create(missing, batch_size=500)
    for unit in missing:
        found[unit.code_key] = unit
    if any(u.pk is None for u in missing):  # backends that do not return keys from bulk_create
        for chunk in chunks([u.code_key for u in missing]):
            found.update({u.code_key: u for u in Unit.objects.filter(code_key__in=chunk)})
    return found
