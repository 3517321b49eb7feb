"""What the staff pages share: picking a round (``?dot=CODE``, else the newest) and its page,
always through :func:`scoring.portal.access.round_for` (an office sees its own rounds and, read-only,
those of the offices below it; no other)."""

from __future__ import annotations

from typing import Any, Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoring.portal.access import Who, round_for, visible_rounds


def pick_round(who: Who, code: str | None, write: bool = False) -> Any:
    """The round ``code`` as ``who`` reaches it (404 if unknown or not seen, 403 for a ``write``
    to a lower office's round), or the newest one; None when there is none yet."""
    return round_for(who, code, write)


def round_page(request: HttpRequest, who: Who, template: str,
               details: Callable[[Any], dict[str, Any]]) -> HttpResponse:
    """Render ``template`` for the picked round, with ``details(round)`` when there is one; a lower
    office's round is marked ``read_only`` (the page says so; its forms are refused)."""
    from scoring.workspace.stages import STATE_LABELS

    round_ = pick_round(who, request.GET.get("dot"))
    context: dict[str, Any] = {"rounds": visible_rounds(who), "round": round_}
    if round_ is not None:
        own = who.office.pk if who.office is not None else None
        context.update(details(round_), state_label=STATE_LABELS[round_.state],
                       read_only=round_.office_id != own, round_office=round_.office)
    return render(request, template, context)
