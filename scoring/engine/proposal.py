"""What a reward proposal is made of: the list the emulation council receives, with a reason on
every entry.  Computed by :func:`scoring.jobs.rewards.propose_rewards`, printed by
:mod:`scoring.reports.rewards`; declared here so that both can name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    """A unit (or a person of a unit) considered for one reward: proposed or not, and why."""

    rule_id: str
    title: str
    subject: str
    block: str
    unit_code: str
    unit_name: str
    person: str | None
    rank: int | None
    band_label: str
    value: Decimal | None
    proposed: bool
    reason: str


@dataclass(frozen=True)
class RewardProposal:
    """The proposal list: entries in rule order, then block, then ranking order."""

    label: str
    note: str | None
    basis: str
    entries: tuple[Entry, ...]

    @property
    def proposed(self) -> list[Entry]:
        return [e for e in self.entries if e.proposed]

    @property
    def excluded(self) -> list[Entry]:
        return [e for e in self.entries if not e.proposed]
