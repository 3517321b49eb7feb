"""A unit's standing: the few figures by which two outcomes of one unit are compared (a what-if
against the current ruleset, a correction against the previous publication)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Standing:
    """Final points, percent, class (after quotas), rank in its block and, where known, overall rank."""

    total: Decimal
    percent: Decimal
    band_label: str
    rank: int | None
    overall_rank: int | None = None
