"""Portal accounts: a Django user with its role (a workspace ``UnitAccount``; leadership by group).

Used by the demo and the office's bulk creation; a unit account belongs to a workspace ``Unit``
(matched by code as ``dvk rank`` matches codes), so it keeps working from one round to the next.
"""

from __future__ import annotations

from typing import Any

from scoring.batch import unit_key
from scoring.portal.access import LEADER, LEADER_GROUP, UNIT


def unit_for(code: str, name: str = "") -> Any:
    """The workspace's unit with this code, created if it is not known yet."""
    from scoring.workspace.models import Unit

    unit, _ = Unit.objects.get_or_create(code_key=unit_key(code), defaults={"code": code.strip(), "name": name})
    return unit


def ensure_account(username: str, password: str, role: str, label: str = "", unit: Any = None,
                   reset: bool = True) -> Any:
    """Create the account ``username`` with ``role`` (and ``unit`` for a unit account).

    An existing account gets the role; its password is set again only with ``reset``.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from scoring.workspace.models import UnitAccount

    if role == UNIT and unit is None:
        raise ValueError("a unit account needs its unit")
    user, created = get_user_model().objects.get_or_create(username=username)
    if created or reset:
        user.first_name = label[:150]
        user.set_password(password)  # hashing is slow on purpose: only when needed
        user.save()
    if role == LEADER:
        user.groups.add(Group.objects.get_or_create(name=LEADER_GROUP)[0])
        UnitAccount.objects.filter(user=user).delete()
    else:
        UnitAccount.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
    return user
