"""Unexpected errors become an incident: logged with a short id and the traceback, never shown.

The user sees the Vietnamese 500 page with the id (``views.errors.server_error``), which an
administrator finds in ``portal.log`` in the workspace (and on the server's console).
"""

from __future__ import annotations

import logging
import secrets
import traceback
from pathlib import Path

from django.http import HttpRequest

log = logging.getLogger("scoring.portal.incidents")


def new_incident_id() -> str:
    """Eight hexadecimal characters: short enough to read out on the phone."""
    return secrets.token_hex(4).upper()


class IncidentMiddleware:
    """Gives every unhandled exception an incident id and logs it once with its traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        from django.core.exceptions import PermissionDenied, SuspiciousOperation
        from django.http import Http404

        if isinstance(exception, (Http404, PermissionDenied, SuspiciousOperation)):
            return None  # answered by their own pages, not incidents
        request.dvk_incident = new_incident_id()
        user = getattr(request, "user", None)
        line = (f"incident {request.dvk_incident}: {request.method} {request.path} "
                f"(account {getattr(user, 'username', '-') or '-'})")
        log.error(line, exc_info=exception)
        _append(line + "\n" + "".join(traceback.format_exception(exception)))
        return None


def _append(text: str) -> None:
    """Add the incident to ``portal.log`` in the workspace (best effort: never a second error)."""
    import datetime as dt

    from django.conf import settings

    try:
        with (Path(settings.DVK_WORKSPACE) / "portal.log").open("a", encoding="utf-8") as out:
            out.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {text}\n")
    except OSError:
        log.exception("portal.log could not be written")
