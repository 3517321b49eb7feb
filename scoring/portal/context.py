"""Template context shared by every page: the account's role and unit."""

from __future__ import annotations

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, object]:
    """``account`` and ``role`` of the signed-in user; None before sign-in or on early error pages."""
    user = getattr(request, "user", None)  # absent when a 400 page is made before the middleware ran
    account = None
    if user is not None and user.is_authenticated:
        from scoring.portal.models import Account

        try:
            account = user.dvk
        except Account.DoesNotExist:
            account = None
    return {"account": account, "role": account.role if account else None}
