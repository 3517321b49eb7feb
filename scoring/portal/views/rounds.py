"""What the staff pages share: picking a round (``?dot=CODE``, else the newest) and its page."""

from __future__ import annotations

from typing import Any, Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from scoring.workspace.rounds import round_by_code, rounds_newest_first


def pick_round(code: str | None) -> Any:
    """The round ``code`` (404 if unknown), or the newest one; None when there is none yet."""
    if code:
        found = round_by_code(code)
        if found is None:
            raise Http404
        return found
    rounds = rounds_newest_first()
    return rounds[0] if rounds else None


def round_page(request: HttpRequest, template: str, details: Callable[[Any], dict[str, Any]]) -> HttpResponse:
    """Render ``template`` for the picked round, with ``details(round)`` when there is one."""
    from scoring.workspace.stages import STATE_LABELS

    round_ = pick_round(request.GET.get("dot"))
    context: dict[str, Any] = {"rounds": rounds_newest_first(), "round": round_}
    if round_ is not None:
        context.update(details(round_), state_label=STATE_LABELS[round_.state])
    return render(request, template, context)
