"""Who may open what: every view starts with one of these decorators or loaders.

Roles come from the workspace's :class:`~scoring.workspace.models.UnitAccount` (unit, appraiser,
office); leadership (read-only dashboard) is membership of the Django group :data:`LEADER_GROUP`.
A unit account reaches only its own unit's objects: other units' are answered with 404 (their
existence is not revealed); a signed-in account without the role gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

UNIT, APPRAISER, OFFICE, LEADER = "unit", "appraiser", "office", "leader"
LEADER_GROUP = "lanh-dao"
ROLE_LABELS = {UNIT: "Đơn vị", APPRAISER: "Thẩm định", OFFICE: "Văn phòng", LEADER: "Lãnh đạo"}


@dataclass(frozen=True)
class Who:
    """A signed-in account's role and, for a unit account, its unit (a workspace ``Unit``)."""

    username: str
    role: str
    unit: Any = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def unit_code(self) -> str:
        return self.unit.code if self.unit is not None else ""

    @property
    def unit_name(self) -> str:
        return (self.unit.name or self.unit.code) if self.unit is not None else ""


def who_is(user: Any) -> Who | None:
    """The role of ``user``, or None for a user the portal gives no role (e.g. a bare superuser)."""
    from scoring.workspace.models import UnitAccount

    if user is None or not user.is_authenticated:
        return None
    account = UnitAccount.objects.select_related("unit").filter(user=user).first()
    if account is not None and (account.role != UNIT or account.unit is not None):
        return Who(user.username, account.role, account.unit)
    if user.groups.filter(name=LEADER_GROUP).exists():
        return Who(user.username, LEADER)
    return None


def account_of(request: HttpRequest) -> Who:
    """The signed-in user's role (computed once per request); 403 for a user without one."""
    if not hasattr(request, "dvk_who"):
        request.dvk_who = who_is(getattr(request, "user", None))
    if request.dvk_who is None:
        raise PermissionDenied
    return request.dvk_who


def role_required(*roles: str) -> Callable:
    """Sign-in required, then one of ``roles`` (403 otherwise); the role is passed to the view."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            who = account_of(request)
            if who.role not in roles:
                raise PermissionDenied
            return view(request, who, *args, **kwargs)

        return wrapper

    return decorate


unit_required = role_required(UNIT)
