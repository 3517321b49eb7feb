"""An office found by its code, as typed on the command line (:mod:`scoring.workspace.offices`):
apart so that creating a round (:mod:`scoring.workspace.rounds`) finds its office without the
offices module, which itself finds rounds."""

from __future__ import annotations

from typing import Any

from scoring.core.findings import DvkError, Location, make


def office_by_code(code: str, argument: str = "--co-quan") -> Any:
    """The office ``code`` (matched case-insensitively); ``office-unknown`` naming ``argument``."""
    from scoring.workspace.models import Office

    wanted = (code or "").strip()
    found = Office.objects.filter(code__iexact=wanted).first() if wanted else None
    if found is None:
        known = ", ".join(Office.objects.order_by("code").values_list("code", flat=True)) or "chưa khai báo cơ quan nào"
        raise DvkError([make("office-unknown", Location(field=argument), office=wanted, argument=argument,
                             known=known)])
    return found
