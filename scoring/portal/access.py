"""Who may open what: every view starts with one of these decorators or loaders.

Roles come from the workspace's :class:`~scoring.workspace.models.UnitAccount` (unit, appraiser,
office); leadership (read-only dashboard) is membership of the Django group :data:`LEADER_GROUP`.
A unit account reaches only its own unit's objects: other units' are answered with 404 (their
existence is not revealed); a signed-in account without the role gets 403.

Office, appraiser and leadership accounts have an office (:mod:`scoring.workspace.offices`; none:
the workspace's own office, above every declared one).  Every staff view loads its round through
:func:`round_for` (or lists them with :func:`visible_rounds`): the account's own office's rounds
are seen and acted on; those of the offices below it (any depth) are seen read-only, a write
answered by the 403 page :class:`ReadOnlyRound`; any other office's round is answered 404, as if
it did not exist.  A workspace with no declared office is one office: every round is everyone's own.
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
    #: The office of a staff account (a workspace ``Office``; None: the workspace's own office).
    office: Any = None

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
    account = UnitAccount.objects.select_related("unit", "office").filter(user=user).first()
    if account is not None and (account.role != UNIT or account.unit is not None):
        return Who(user.username, account.role, account.unit, account.office)
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


class ReadOnlyRound(PermissionDenied):
    """A write to a round of an office below the account's: the 403 page says why, in Vietnamese."""

    title = "Chỉ được xem"

    def __init__(self, round_: Any) -> None:
        office = round_.office.name if round_.office_id else "cơ quan khác"
        self.text = (f"Đợt {round_.code} là của {office}, cơ quan cấp dưới của cơ quan bạn: cơ quan cấp trên chỉ "
                     f"xem được, không thay đổi được gì trong đợt này. Việc này do {office} làm trên tài khoản "
                     "của mình.")
        super().__init__(self.text)


class WorkspaceOnly(PermissionDenied):
    """A page of the whole deployment (every office's sign-ins) opened by a declared office's
    account: the 403 page says whose it is, in Vietnamese."""

    title = "Trang của cơ quan quản trị"

    def __init__(self, page: str) -> None:
        self.text = (f"Trang “{page}” gồm tài khoản của mọi cơ quan dùng chung cổng thông tin nên chỉ tài khoản văn "
                     "phòng của cơ quan quản trị không gian làm việc mở được. Cần mở khóa đăng nhập cho tài khoản "
                     "của cơ quan bạn thì liên hệ cơ quan đó.")
        super().__init__(self.text)


def require_workspace_office(who: Who, page: str) -> None:
    """Refuse (:class:`WorkspaceOnly`) an account of a declared office: the page is the workspace's own office's."""
    if who.office is not None:
        raise WorkspaceOnly(page)


def visible_rounds(who: Who) -> list[Any]:
    """The rounds ``who`` sees, newest first: its own office's, then those of the offices below it."""
    from scoring.workspace.offices import visible_rounds as scoped

    rounds = list(scoped(who.office).select_related("office").order_by("-created_at", "-id"))
    own = who.office.pk if who.office is not None else None
    return [r for r in rounds if r.office_id == own] + [r for r in rounds if r.office_id != own]


def round_for(who: Who, code: str | None, write: bool = False) -> Any:
    """The round ``code`` as ``who`` may reach it: 404 when it does not exist or is not to be seen
    (another office's, not below), :class:`ReadOnlyRound` (403) for a ``write`` to an office's
    below.  Without ``code``: the newest round of ``who``'s own office, else the newest it sees;
    None when there is none."""
    from django.http import Http404

    from scoring.workspace.offices import BELOW, standing
    from scoring.workspace.rounds import round_by_code

    if not code:
        rounds = visible_rounds(who)
        return rounds[0] if rounds else None
    found = round_by_code(code)
    seen = standing(who.office, found) if found is not None else None
    if seen is None:
        raise Http404
    if write and seen == BELOW:
        raise ReadOnlyRound(found)
    return found


def may_see(who: Who, round_: Any) -> bool:
    """Whether ``who`` (a staff account) sees ``round_`` (for objects reached by their own id)."""
    from scoring.workspace.offices import standing

    return standing(who.office, round_) is not None


def audit_seen(who: Who, entries: Any) -> Any:
    """The audit ``entries`` (a queryset) ``who`` may read: the workspace's own office reads every
    one, as before offices; a declared office those of the rounds it sees (workspace-wide entries,
    such as another office's accounts, are not its)."""
    if who.office is None:
        return entries
    from scoring.workspace.offices import visible_rounds as scoped

    return entries.filter(round__in=scoped(who.office))
