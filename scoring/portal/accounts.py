"""Portal accounts: a Django user with its role (a workspace ``UnitAccount``; leadership by group).

Used by the demo and the office's bulk creation; a unit account belongs to a workspace ``Unit``
(:func:`scoring.workspace.rosterstore.unit_for`, matched by code as ``dvk rank`` matches codes), so
it keeps working from one round to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.portal.access import LEADER, LEADER_GROUP, UNIT


def ensure_account(username: str, password: str, role: str, label: str = "", unit: Any = None,
                   reset: bool = True, office: Any = None) -> Any:
    """Create the account ``username`` with ``role`` (and ``unit`` for a unit account; ``office``
    for a staff account of a declared office, None: the workspace's own office).

    An existing account gets the role and office; its password is set again only with ``reset``.
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
        if office is not None:  # leadership of a declared office: its office is kept on a role row
            UnitAccount.objects.create(user=user, role=LEADER, office=office)
    else:
        UnitAccount.objects.update_or_create(user=user, defaults={"role": role, "unit": unit,
                                                                  "office": None if role == UNIT else office})
    return user


#: Letters and digits that cannot be confused on a printed sheet (no 0/O, 1/l/I).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password(length: int = 10) -> str:
    """A random password that reads unambiguously from paper."""
    import secrets

    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class NewAccount:
    """An account just made, with its password in clear: printed once, never stored."""

    username: str
    password: str
    role: str
    unit: str


def office_account(username: str, office_code: str | None = None) -> NewAccount:
    """Create the office account ``username`` (of the declared office ``office_code``; None: of the
    workspace's own office) or give it a new password (printed by ``dvk serve --office [--co-quan]``)."""
    from scoring.portal.access import OFFICE

    name = username.strip()
    if not re.fullmatch(r"[A-Za-z0-9.@+_-]{1,150}", name):
        raise DvkError([make("portal-bad-username", Location(field="office"), name=username)])
    office = None
    if office_code is not None:
        from scoring.workspace.offices import office_by_code

        office = office_by_code(office_code)
    password = new_password(12)
    ensure_account(name, password, OFFICE, "Văn phòng", reset=True, office=office)
    return NewAccount(name, password, OFFICE, f"Văn phòng {office.name}" if office is not None else "Văn phòng")


def create_staff_account(username: str, label: str, role: str, who: str, office: Any = None) -> str:
    """A new appraiser, leadership or office account of ``office`` (the creating account's: None,
    the workspace's own) with a generated password, returned once; created with its audit entry
    (the name, role and office, never the password)."""
    from django.db import transaction

    from scoring.workspace.store import audit

    password = new_password()
    with transaction.atomic():
        ensure_account(username, password, role, label, office=office)
        audit(None, who, "account-created", username, after={"role": role, "label": label,
                                                             **({"office": office.code} if office else {})})
    return password


def create_unit_accounts(round_: Any, who: str) -> list[tuple[str, str, str, str]]:
    """An account for every roster unit of the round that has none; (code, name, user, password).

    The passwords exist only in the returned list (the printable credentials sheet); the
    creation is one transaction with its audit entry (the user names, never the passwords).
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from scoring.workspace.models import UnitAccount
    from scoring.workspace.rosterstore import roster_entries
    from scoring.workspace.store import audit

    made = []
    with transaction.atomic():
        have = set(UnitAccount.objects.filter(role=UNIT).values_list("unit_id", flat=True))
        taken = set(get_user_model().objects.values_list("username", flat=True))
        for entry in roster_entries(round_):
            if entry.unit_id in have or entry.unit.code in taken:
                continue
            password = new_password()
            ensure_account(entry.unit.code, password, UNIT, entry.name, entry.unit)
            made.append((entry.unit.code, entry.name, entry.unit.code, password))
        if made:
            audit(round_, who, "accounts-created", f"{len(made)} tài khoản",
                  after={"users": [row[2] for row in made]})
    return made


def reset_password(username: str, who: str, office: Any = None) -> NewAccount:
    """A new password for a unit, appraiser or leadership account (the office's reset), returned
    once for the printed slip; the reset is audit-logged (who, whose account, never the password).
    An office account is not reset here (``dvk serve --office`` does it on the server).  The
    resetting account's ``office`` reaches only its own: another office's staff, or a unit on
    no roster of its rounds but on another office's, is unknown to it (not revealed)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from scoring.portal.access import OFFICE, ROLE_LABELS, who_is
    from scoring.workspace.store import audit

    name = username.strip()
    user = get_user_model().objects.filter(username=name).first()
    account = who_is(user) if user is not None else None
    if account is None or not _own_account(account, office):
        raise DvkError([make("portal-account-unknown", Location(field="ten_dang_nhap"), name=name)])
    if account.role == OFFICE:
        raise DvkError([make("portal-account-not-resettable", Location(field="ten_dang_nhap"), name=name)])
    password = new_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit(None, who, "password-reset", name, after={"role": account.role})
    label = account.unit_name or user.get_full_name() or ROLE_LABELS[account.role]
    return NewAccount(name, password, account.role, label)


def password_changed(user: Any) -> None:
    """Audit-log that ``user`` changed their own password (never the password)."""
    from scoring.workspace.store import audit

    audit(None, user.get_username(), "password-changed", user.get_username())


def _own_account(account: Any, office: Any) -> bool:
    """Whether the office ``office`` (None: the workspace's own) holds ``account`` (a ``Who``)."""
    own = office.pk if office is not None else None
    if account.role != UNIT:
        return (account.office.pk if account.office is not None else None) == own
    from scoring.workspace.models import RosterEntry

    offices = set(RosterEntry.objects.filter(unit=account.unit).values_list("round__office", flat=True))
    return not offices or own in offices
