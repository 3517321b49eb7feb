"""Findings told to the person on the page a view redirects to (Django's messages framework).

A view that refuses an action (a :class:`~scoring.core.findings.DvkError`) and redirects says each
finding as an error message there: :func:`refused`, the one loop every such view calls.
"""

from __future__ import annotations

from typing import Any, Iterable

from scoring.core.findings import Finding


def refused(request: Any, findings: Iterable[Finding], prefix: str = "") -> None:
    """Each finding's Vietnamese message as an error on the next page, after ``prefix`` (e.g.
    "Tiêu chí 1.2: ", where the page holds several inputs)."""
    from django.contrib import messages

    for finding in findings:
        messages.error(request, f"{prefix}{finding.message}")
