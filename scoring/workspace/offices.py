"""Offices above offices in one shared workspace (``dvk co-quan``): declared offices, each under
its higher office, and who stands where.

An :class:`~scoring.workspace.models.Office` has a code, a name and a parent (its higher office).
A round and an office, appraiser or leadership account carry an office; **null is the
workspace's own office**, the root above every declared office.  So a workspace that declares no
office is one office, exactly as before: its rounds and accounts all have null and see each
other.  Once offices are declared, an account of office X stands to a round in one of three ways
(:func:`standing`): the round is X's own (seen and acted on), of an office below X at any depth
(seen, read-only), or of any other office (not seen at all).

Codes are matched as typed after trimming, case-insensitively; a parent that would make an
office its own higher office (a cycle) is refused.  The portal applies the standing
(:mod:`scoring.portal.access`); the ``dvk round`` commands are the workspace operator's and reach
every round, as before.  Publications imported by file (:mod:`scoring.workspace.handoff`) are the
workspace's own office's.
"""

from __future__ import annotations

import re
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.office_lookup import office_by_code
from scoring.workspace.store import actor, audit, now

__all__ = ["office_by_code"]  # found here too: the one lookup of an office by its code

OWN, BELOW = "own", "below"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def add_office(code: str, name: str, parent: str | None = None, who: str | None = None) -> Any:
    """Declare the office ``code`` named ``name`` under ``parent`` (None: under the workspace's own office)."""
    from django.db import IntegrityError, transaction

    from scoring.workspace.models import Office

    code, name = (code or "").strip(), " ".join((name or "").split())
    if not _CODE.fullmatch(code):
        raise DvkError([make("office-bad-code", Location(field="MÃ"), office=code)])
    if not name:
        raise DvkError([make("office-no-name", Location(field="--ten"), office=code)])
    if parent is not None and parent.strip().casefold() == code.casefold():
        raise DvkError([make("office-cycle", Location(field="--cap-tren"), office=code, parent=parent.strip(),
                             chain=f"{code} → {code}")])
    higher = office_by_code(parent, "--cap-tren") if parent is not None else None
    who = who or actor()
    try:
        with transaction.atomic():
            if Office.objects.filter(code__iexact=code).exists():
                raise IntegrityError
            office = Office.objects.create(code=code, name=name, parent=higher, created_at=now(), created_by=who)
            audit(None, who, "office-added", code, after={"name": name, "parent": higher.code if higher else None})
    except IntegrityError:
        raise DvkError([make("office-exists", Location(field="MÃ"), office=code)]) from None
    return office


def move_office(code: str, parent: str | None, who: str | None = None) -> Any:
    """Put the office ``code`` under ``parent`` (None: directly under the workspace's own office);
    refused when ``parent`` is the office itself or one of the offices below it (a cycle)."""
    office = office_by_code(code, "MÃ")
    higher = office_by_code(parent, "--cap-tren") if parent is not None else None
    if higher is not None:
        chain = [higher]
        while chain[-1].parent_id is not None and chain[-1].pk != office.pk:
            chain.append(chain[-1].parent)
        if chain[-1].pk == office.pk:
            shown = " → ".join(o.code for o in [*reversed(chain), office])
            raise DvkError([make("office-cycle", Location(field="--cap-tren"), office=office.code,
                                 parent=higher.code, chain=shown)])
    return _set(office, "parent", higher, None, "office-moved", who)


def _set(row: Any, field: str, office: Any, round_: Any, action: str, who: str | None) -> Any:
    """Set ``row``'s office ``field`` to ``office`` and audit it (before and after, by code), at once."""
    from django.db import transaction

    with transaction.atomic():
        before = getattr(row, field)
        setattr(row, field, office)
        row.save(update_fields=[field])
        audit(round_, who or actor(), action, row.code, before={field: before.code if before else None},
              after={field: office.code if office else None})
    return row


def office_tree() -> list[tuple[Any, int]]:
    """Every declared office with its depth (1: directly under the workspace's own office), each
    followed by the offices below it, by code."""
    from scoring.workspace.models import Office

    children: dict[int | None, list[Any]] = {}
    for office in Office.objects.order_by("code"):
        children.setdefault(office.parent_id, []).append(office)
    listed: list[tuple[Any, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for office in children.get(parent, []):
            listed.append((office, depth))
            walk(office.pk, depth + 1)

    walk(None, 1)
    return listed


def offices_below(office: Any) -> list[Any]:
    """The offices below ``office`` at any depth (``office`` None: the workspace's own office, so
    every declared office), in :func:`office_tree` order."""
    tree = office_tree()
    if office is None:
        return [o for o, _ in tree]
    below, inside, depth_of = [], False, 0
    for candidate, depth in tree:
        if inside and depth <= depth_of:
            break
        if inside:
            below.append(candidate)
        elif candidate.pk == office.pk:
            inside, depth_of = True, depth
    return below


def standing(office: Any, round_: Any) -> str | None:
    """How an account of ``office`` (None: the workspace's own) stands to ``round_``: :data:`OWN`,
    :data:`BELOW` (read-only) or None (not to be seen)."""
    if round_.office_id == (office.pk if office is not None else None):
        return OWN
    if round_.office_id is not None and round_.office_id in {o.pk for o in offices_below(office)}:
        return BELOW
    return None


def visible_rounds(office: Any) -> Any:
    """The rounds an account of ``office`` sees (its own and those of the offices below it), as a queryset."""
    from django.db.models import Q

    from scoring.workspace.models import Round

    own = Q(office__isnull=True) if office is None else Q(office=office)
    return Round.objects.filter(own | Q(office__in=[o.pk for o in offices_below(office)]))


def office_rounds_filter(office_code: str | None) -> dict[str, Any]:
    """The round filter of one office's own rounds, by its code (None: the workspace's own office,
    whose rounds have none — every round of a workspace that declares no office)."""
    if office_code is None:
        return {"office__isnull": True}
    return {"office": office_by_code(office_code)}


def office_units(office: Any) -> set[int] | None:
    """The ids of the units an account of ``office`` reaches: those on the rosters of the rounds it
    sees, its own office's and those below (a model's status is recorded by the office that
    decides it, which may be a higher one); None for the workspace's own office, which reaches
    every unit.  A sibling's units are never reached."""
    from scoring.workspace.models import RosterEntry

    if office is None:
        return None
    return set(RosterEntry.objects.filter(round__in=visible_rounds(office)).values_list("unit_id", flat=True))


def assign_round(round_code: str, office_code: str | None, who: str | None = None) -> Any:
    """Put the existing round ``round_code`` under the office ``office_code`` (None: the workspace's own)."""
    from scoring.workspace.rounds import find_round

    round_ = find_round(round_code)
    office = office_by_code(office_code) if office_code is not None else None
    return _set(round_, "office", office, round_, "round-office", who)


def lower_offices(office: Any) -> list[tuple[Any, int, list[Any]]]:
    """The offices below ``office`` (None: the workspace's own), each with its depth under
    ``office`` (1: directly below) and its rounds, newest first (publication loaded)."""
    from scoring.workspace.models import Round

    below = offices_below(office)
    rounds: dict[int, list[Any]] = {}
    for round_ in (Round.objects.filter(office__in=[o.pk for o in below]).select_related("current_publication")
                   .order_by("-created_at", "-id")):
        rounds.setdefault(round_.office_id, []).append(round_)
    depth = {office.pk: 0} if office is not None else {}
    listed = []
    for candidate in below:
        depth[candidate.pk] = depth.get(candidate.parent_id, 0) + 1
        listed.append((candidate, depth[candidate.pk], rounds.get(candidate.pk, [])))
    return listed
