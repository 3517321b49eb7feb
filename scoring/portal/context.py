"""Template context shared by every page: the signed-in account's role and unit."""

from __future__ import annotations

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, object]:
    """``account`` (a :class:`~scoring.portal.access.Who` or None) and ``role``."""
    from scoring.portal.access import who_is

    if not hasattr(request, "dvk_who"):  # a 400 page can be made before the middleware ran
        request.dvk_who = who_is(getattr(request, "user", None))
    who = request.dvk_who
    return {"account": who, "role": who.role if who else None, "unit_label": _unit_label(who),
            "help_url": help_url(request), "has_lower": _has_lower(who),
            "workspace_office": who is not None and who.office is None}


def _has_lower(who) -> bool:
    """Whether an office or leadership account has offices below it (its menu shows "Cấp dưới")."""
    if who is None or who.role not in ("office", "leader"):
        return False
    from scoring.workspace.models import Office

    return Office.objects.filter(**({"parent": who.office} if who.office is not None else {})).exists()


def help_url(request: HttpRequest) -> str:
    """The guide's section explaining the current page (the "?" link), else the guide's index."""
    from django.urls import reverse

    from scoring.reports.guide import help_for_page

    match = getattr(request, "resolver_match", None)
    found = help_for_page(match.url_name) if match is not None and match.url_name else None
    if found is None:
        return reverse("portal:guide")
    return reverse("portal:guide-part", kwargs={"slug": found[0]}) + "#" + found[1]


def _unit_label(who) -> str:
    """A unit account's name as its current round's roster writes it (the name every other page
    shows), else the name the unit was first listed under."""
    if who is None or who.unit is None:
        return ""
    from scoring.workspace.rounds import current_entry

    entry = current_entry(who.unit)
    return entry.name if entry is not None and entry.name else who.unit_name


def public_address(request: HttpRequest) -> str:
    """The portal's address as units will type it, for printed account slips: the configured
    ``DVK_PUBLIC_URL`` (behind a proxy the request's own host may be an internal name), else the
    address of this request."""
    from django.conf import settings

    return getattr(settings, "DVK_PUBLIC_URL", "") or request.build_absolute_uri("/")
