"""What a year's emulation proposal is made of (đề xuất khen thưởng thi đua): one line per
collective or individual considered, with the results it rests on and the reason.

Computed by :func:`scoring.jobs.emulation.propose_emulation`, printed by
:mod:`scoring.reports.emulation` (the xlsx list) and :mod:`scoring.reports.docx.submission` (the
Tờ trình); declared here so that both can name it.  :meth:`EmulationProposal.tally` is the one
count of who is proposed for what: the Tờ trình's numbers and names and its attached list are
the same because both print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring.core.decimals import fmt

COLLECTIVE, INDIVIDUAL = "collective", "individual"
SUBJECT_LABELS = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân"}


@dataclass(frozen=True)
class Standing:
    """A unit's result in one round, as the round's publication prints it."""

    band_label: str
    value: Decimal
    basis: str
    rank: int | None
    block: str | None

    @property
    def value_text(self) -> str:
        return f"{fmt(self.value)}%" if self.basis == "percent" else f"{fmt(self.value)} điểm"

    @property
    def text(self) -> str:
        """'Tốt (95,5%, hạng 2 Khối xã)'."""
        place = f", hạng {self.rank}" + (f" {self.block}" if self.block else "") if self.rank is not None else ""
        return f"{self.band_label} ({self.value_text}{place})"


@dataclass(frozen=True)
class RoundRef:
    """A round the proposal rests on: the kind of round it is (declared id and label), its code,
    name and state as the list names it ('Đã công bố (lần 2)')."""

    kind: str
    label: str
    code: str
    name: str
    state: str


@dataclass(frozen=True)
class Line:
    """A collective (``person`` None) or an individual considered: proposed for ``title`` or not,
    and why; ``standings``: the unit's result in each of the proposal's rounds (None: none there);
    ``models``: the recognised models it rests on, as text."""

    subject: str
    unit_code: str
    unit_name: str
    person: str | None
    standings: tuple[Standing | None, ...]
    models: tuple[str, ...]
    proposed: bool
    reason: str
    rule_id: str = ""
    title: str = ""

    @property
    def name(self) -> str:
        """How the list and the Tờ trình name the line: the unit, or 'person (unit)'."""
        return f"{self.person} ({self.unit_name})" if self.person else self.unit_name


@dataclass(frozen=True)
class Tally:
    """Who is proposed for one form of commendation."""

    rule_id: str
    title: str
    collectives: tuple[Line, ...]
    individuals: tuple[Line, ...]


@dataclass(frozen=True)
class EmulationProposal:
    """The year's proposal: the rules' title, the rounds, the lines (proposed ones in rule order,
    then those considered and not proposed)."""

    title: str
    year: int
    submit_to: str
    basis: tuple[str, ...]
    notice: str | None  # the illustrative rules' warning
    rounds: tuple[RoundRef, ...]
    rules: tuple[tuple[str, str], ...]  # (id, title) in the declared order
    lines: tuple[Line, ...]

    @property
    def proposed(self) -> list[Line]:
        return [line for line in self.lines if line.proposed]

    @property
    def excluded(self) -> list[Line]:
        return [line for line in self.lines if not line.proposed]

    def split(self) -> tuple[list[Line], list[Line]]:
        """The collectives and the individuals proposed."""
        return ([x for x in self.proposed if x.person is None], [x for x in self.proposed if x.person is not None])

    def tally(self) -> list[Tally]:
        """Per form of commendation (declared order): the collectives and the individuals proposed."""
        return [Tally(rule_id, title,
                      tuple(x for x in self.proposed if x.rule_id == rule_id and x.subject == COLLECTIVE),
                      tuple(x for x in self.proposed if x.rule_id == rule_id and x.subject == INDIVIDUAL))
                for rule_id, title in self.rules]


def count_words(collectives, individuals) -> str:
    """'3 tập thể và 2 cá nhân' (a part left out when none; '0 tập thể, cá nhân' when both are)."""
    parts = [f"{len(collectives)} tập thể"] * bool(collectives) + [f"{len(individuals)} cá nhân"] * bool(individuals)
    return " và ".join(parts) or "0 tập thể, cá nhân"
