"""Who may open what: every view starts with one of these loaders or decorators.

A unit account reaches only its own unit's files: other units' objects are answered with 404
(their existence is not revealed); a signed-in account without the role gets 403.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from scoring.portal.models import Account, Role


def account_of(request: HttpRequest) -> Account:
    """The signed-in user's portal account; 403 for a user that has none (e.g. a bare superuser)."""
    try:
        return request.user.dvk
    except Account.DoesNotExist:
        raise PermissionDenied from None


def role_required(*roles: str) -> Callable:
    """Sign-in required, then one of ``roles`` (403 otherwise); the account is passed to the view."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            account = account_of(request)
            if account.role not in roles:
                raise PermissionDenied
            return view(request, account, *args, **kwargs)

        return wrapper

    return decorate


unit_required = role_required(Role.UNIT)
